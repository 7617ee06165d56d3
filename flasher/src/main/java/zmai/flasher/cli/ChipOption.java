package zmai.flasher.cli;

import java.util.Optional;

import picocli.CommandLine.Option;
import zmai.core.meter.ChipFamily;

/** {@code --chip}: the family to assume when the bootloader cannot tell; it never overrides a chip that can. */
final class ChipOption {

    @Option(names = "--chip", paramLabel = "FAMILY",
            description = "BK7231N or BK7231T, for a bootloader that does not identify itself")
    private ChipFamily family;

    Optional<ChipFamily> family() {
        return Optional.ofNullable(family);
    }
}
