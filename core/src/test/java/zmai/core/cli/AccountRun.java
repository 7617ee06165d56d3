package zmai.core.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Test helper: one run of the command with stdout and stderr captured (picocli "Testing Your Application"). */
record AccountRun(int exitCode, String out, String err) {

    static AccountRun of(String... args) {
        CommandLine command = new CommandLine(new AccountCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new AccountRun(exitCode, out.toString(), err.toString());
    }
}
