package zmai.flasher.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;

/** Checks an image argument before the user is asked to reset the chip. */
final class ImageFiles {

    private ImageFiles() {
    }

    static void requireReadable(Path image) throws FlasherException {
        if (!Files.isRegularFile(image) || !Files.isReadable(image)) {
            throw new FlasherException(ExitCode.REFUSED, "cannot read image " + image + ": no such readable file");
        }
    }
}
