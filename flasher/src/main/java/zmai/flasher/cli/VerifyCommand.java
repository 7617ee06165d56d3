package zmai.flasher.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.flasher.ops.FirmwareImage;
import zmai.flasher.ops.ImageVerifier;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare an image with the chip by CRC, sector by sector, without writing anything.")
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    private PortOptions port;

    @Mixin
    private ChipOption chip;

    @Parameters(paramLabel = "IMAGE", description = "the image to compare, placed as write would place it")
    private Path image;

    @Option(names = "--include-bootloader", description = "compare a QIO image's bootloader too")
    private boolean includeBootloader;

    @Mixin
    private JsonOption json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ImageFiles.requireReadable(image);
        try (ChipConnection connection = ChipConnection.open(port, chip.family(), spec.commandLine().getErr())) {
            FirmwareImage firmware = FirmwareImage.load(image, connection.access().chip().chip(), includeBootloader);
            ImageVerifier.Result result;
            try (TransferProgress progress = TransferProgress.start("verify", firmware.sectorAligned().length)) {
                result = ImageVerifier.verify(connection.access(), firmware, progress::advance);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("image", firmware.name());
            report.put("sectors", result.sectors());
            report.put("mismatched", result.mismatched().stream().map(a -> String.format("0x%06X", a)).toList());
            Results.print(report, json.enabled(), spec.commandLine().getOut());
            if (!result.matches()) {
                throw new FlasherException(ExitCode.VERIFY_MISMATCH, result.mismatched().size() + " of "
                        + result.sectors() + " sectors differ from " + firmware.name());
            }
        }
        return 0;
    }
}
