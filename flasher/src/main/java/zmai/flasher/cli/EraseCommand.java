package zmai.flasher.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import zmai.flasher.ops.RangeEraser;

@Command(name = "erase", mixinStandardHelpOptions = true,
        description = "Erase a range (whole 4 KiB sectors) and check it reads blank; never the bootloader by default.")
final class EraseCommand implements Callable<Integer> {

    @Mixin
    private PortOptions port;

    @Mixin
    private ChipOption chip;

    @Option(names = "--offset", required = true, converter = NumberConverter.class, description = "first byte, e.g. 0x11000")
    private long offset;

    @Option(names = "--length", required = true, converter = NumberConverter.class, description = "bytes, e.g. 0x119000 or 1M")
    private long length;

    @Option(names = "--include-bootloader", description = "BK7231N only: allow erasing below 0x11000")
    private boolean includeBootloader;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (ChipConnection connection = ChipConnection.open(port, chip.family(), spec.commandLine().getErr());
             TransferProgress progress = TransferProgress.start("erase", length)) {
            RangeEraser.erase(connection.access(), offset, length, includeBootloader, progress::advance);
        }
        spec.commandLine().getOut().printf("erased 0x%06X-0x%06X%n", offset, offset + length - 1);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
