package zmai.flasher.cli;

import java.io.PrintWriter;
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
import zmai.flasher.ops.FirmwareImage;
import zmai.flasher.ops.ImageWriter;

@Command(name = "write", mixinStandardHelpOptions = true,
        description = {"Write an OpenBeken image (_QIO_ or _UA_ .bin, or a backup) from 0x11000, leaving the bootloader alone.",
                "Sectors that already match are skipped; every written sector is checked by CRC; the chip reboots at the end.",
                "ZMAi-90: the RN8209C metering chip must be disconnected from TX1/RX1, and reconnected afterwards for"
                        + " OpenBeken's RN8209 driver."})
final class WriteCommand implements Callable<Integer> {

    @Mixin
    private PortOptions port;

    @Mixin
    private ChipOption chip;

    @Parameters(paramLabel = "IMAGE", description = "OpenBK7231N_QIO_<version>.bin, _UA_ file, or a backup made by read")
    private Path image;

    @Option(names = "--include-bootloader",
            description = "BK7231N only: also write a QIO image's bootloader at 0x0 (the device will not boot if it"
                    + " does not match the chip's key)")
    private boolean includeBootloader;

    @Option(names = "--protect", description = "restore the flash write protection afterwards")
    private boolean protect;

    @Option(names = "--no-reboot", description = "stay in the bootloader afterwards")
    private boolean noReboot;

    @Mixin
    private JsonOption json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ImageFiles.requireReadable(image);
        PrintWriter err = spec.commandLine().getErr();
        try (ChipConnection connection = ChipConnection.open(port, chip.family(), err)) {
            FirmwareImage firmware = FirmwareImage.load(image, connection.access().chip().chip(), includeBootloader);
            err.println("image: " + firmware);
            err.flush();
            ImageWriter.Result result;
            try (TransferProgress progress = TransferProgress.start("write", firmware.sectorAligned().length)) {
                result = ImageWriter.write(connection.access(), firmware,
                        new ImageWriter.Options(includeBootloader, protect, !noReboot), progress::advance);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("image", firmware.name());
            report.put("kind", firmware.kind().name());
            report.put("offset", String.format("0x%06X", firmware.flashOffset()));
            report.put("sectors", result.sectors());
            report.put("written", result.written());
            report.put("identical", result.identical());
            report.put("seconds", Results.seconds(result.elapsed()));
            report.put("retries", result.retries());
            report.put("rebooted", !noReboot);
            Results.print(report, json.enabled(), spec.commandLine().getOut());
        }
        return 0;
    }
}
