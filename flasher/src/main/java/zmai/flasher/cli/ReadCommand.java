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
import picocli.CommandLine.Spec;
import zmai.flasher.ops.BackupReader;

@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"Back up the flash (all 2 MiB by default), each 4 KiB block checked against the chip's CRC.",
                "An interrupted backup resumes from FILE.part; FILE.sha256 is written beside the image."})
final class ReadCommand implements Callable<Integer> {

    @Mixin
    private PortOptions port;

    @Mixin
    private ChipOption chip;

    @Option(names = "--offset", converter = NumberConverter.class, defaultValue = "0",
            description = "first byte, a multiple of 4 KiB (default: 0)")
    private long offset;

    @Option(names = "--length", converter = NumberConverter.class,
            description = "bytes to read, a multiple of 4 KiB (default: to the end of the flash)")
    private Long length;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the image")
    private Path out;

    @Mixin
    private JsonOption json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ChipConnection connection = ChipConnection.open(port, chip.family(), err)) {
            long bytes = length != null ? length : connection.access().chip().flashSize() - offset;
            BackupReader.Result result;
            try (TransferProgress progress = TransferProgress.start("read", bytes)) {
                result = BackupReader.read(connection.access(), offset, bytes, out, progress::advance);
            }
            result.warning().ifPresent(w -> err.println("warning: " + w));
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("file", result.file().toString());
            report.put("sha256", result.sha256());
            report.put("bytes", result.bytes());
            report.put("resumedBytes", result.resumedBytes());
            report.put("seconds", Results.seconds(result.elapsed()));
            report.put("bytesPerSecond", Results.perSecond(result.bytes() - result.resumedBytes(), result.elapsed()));
            report.put("retries", result.retries());
            Results.print(report, json.enabled(), stdout);
        }
        return 0;
    }
}
