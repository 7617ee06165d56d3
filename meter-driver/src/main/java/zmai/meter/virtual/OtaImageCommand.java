package zmai.meter.virtual;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import zmai.core.firmware.FirmwareVersion;
import zmai.core.firmware.RblHeader;
import zmai.core.meter.ChipFamily;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Packs an application into an OpenBeken OTA package ({@code .rbl}) named as the releases are. Without an
 * application it packs seeded filler bytes: an image the virtual meters install and the server accepts, for
 * trying rollouts without a real build.
 */
@Command(name = "ota-image", mixinStandardHelpOptions = true,
        description = "Writes an OpenBeken OTA package (.rbl) around an application binary, or around filler bytes"
                + " for virtual meters; prints the file name.")
public final class OtaImageCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--version", required = true, description = "firmware version, e.g. 1.18.300")
    private String version;

    @Option(names = "--chip", defaultValue = "BK7231N", description = "chip family (default: ${DEFAULT-VALUE})")
    private String chip;

    @Option(names = "--app", description = "the application binary to pack (default: filler bytes)")
    private Optional<Path> app;

    @Option(names = "--size", defaultValue = "600000", description = "filler size in bytes (default: ${DEFAULT-VALUE})")
    private int size;

    @Option(names = "--dir", defaultValue = ".", description = "where to write the file (default: current directory)")
    private Path dir;

    @Override
    public Integer call() throws Exception {
        FirmwareVersion.parse(version);
        ChipFamily family = ChipFamily.fromName(chip)
                .orElseThrow(() -> new IllegalArgumentException("not a chip family: " + chip));
        if (app.isEmpty() && (size < 1 || size > 2 * 1024 * 1024)) {
            throw new IllegalArgumentException("--size must be 1..2097152 bytes");
        }
        long timestamp = System.currentTimeMillis() / 1000;
        byte[] file = app.isPresent() ? pack(version, Files.readAllBytes(app.get()), timestamp)
                : fillerPackage(version, size, timestamp);
        Path out = dir.resolve(fileName(family, version));
        Files.write(out, file);
        spec.commandLine().getOut().println(out);
        return 0;
    }

    /** The release name of an OTA package, e.g. {@code OpenBK7231N_1.18.300.rbl}. */
    public static String fileName(ChipFamily family, String version) {
        return family.openBekenPlatform() + "_" + version + ".rbl";
    }

    /**
     * An OTA package of {@code size} filler bytes seeded by the version: the same version and timestamp give the
     * same bytes, which the virtual meters install as build {@code version}.
     */
    public static byte[] fillerPackage(String version, int size, long timestampSeconds) {
        return pack(version, filler(size, version.hashCode()), timestampSeconds);
    }

    private static byte[] pack(String version, byte[] application, long timestampSeconds) {
        return RblHeader.buildFile(RblHeader.forPlainApplication(version, application, timestampSeconds), application);
    }

    private static byte[] filler(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
