package zmai.flasher.cli;

import picocli.CommandLine.Option;

/** {@code --json}: results as one line of JSON for scripts instead of aligned text. */
final class JsonOption {

    @Option(names = "--json", description = "print the result as one line of JSON")
    private boolean json;

    boolean enabled() {
        return json;
    }
}
