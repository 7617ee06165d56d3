package zmai.core.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import zmai.core.Abbreviated;
import zmai.core.energy.Accounting;
import zmai.core.energy.AccountingPolicy;
import zmai.core.energy.MilliWattHours;
import zmai.core.history.HistoryFormat;
import zmai.core.history.HistoryReader;
import zmai.core.history.LineResult;
import zmai.core.history.ReadSummary;

/** Accounts a reading-history file offline, with the same rules as the live path, and prints monthly energy. */
@Command(name = "zmai-account", mixinStandardHelpOptions = true,
        description = "Accounts a reading history (CSV or NDJSON) per device and local month.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:file read (refused lines are reported on stderr)", "1:file unreadable",
                "2:bad usage"})
public final class AccountCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "history file: .csv, .ndjson or .jsonl; otherwise the format is sniffed")
    private Path file;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC", converter = ZoneConverter.class,
            description = "IANA time zone whose local months are reported (default: ${DEFAULT-VALUE})")
    private ZoneId zone;

    @Option(names = "--events", description = "also print every accounting decision and its evidence")
    private boolean events;

    @Option(names = "--max-power-watts", paramLabel = "WATTS", defaultValue = "16000",
            description = "the most power a metered circuit can draw (default: ${DEFAULT-VALUE})")
    private long maxPowerWatts;

    @Option(names = "--quantum", paramLabel = "DEVICE=QUANTITY",
            description = "a device's counter resolution, e.g. zmai90-3fa1c2=0.1kWh (default: from its readings' unit)")
    private Map<String, String> quanta = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new AccountCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Long> quantumByDevice = parsedQuanta();
        policy(1);   // refuse a bad --max-power-watts before reading anything
        SortedMap<String, DeviceHistory> histories = new TreeMap<>();
        ReadSummary summary;
        try (Reader input = open(file)) {
            summary = HistoryReader.read(input, HistoryFormat.fromFileName(String.valueOf(file.getFileName())), result -> {
                if (result instanceof LineResult.Parsed parsed) {
                    histories.computeIfAbsent(parsed.reading().device(), d -> new DeviceHistory()).add(parsed.reading());
                } else {
                    err.printf("line %d: %s%n", result.line(), ((LineResult.Refused) result).message());
                }
            });
        } catch (IOException e) {
            err.printf("cannot read %s: %s%n", file, reason(e));
            return 1;
        }
        if (summary.fileRefusal().isPresent()) {
            err.printf("cannot read %s: %s%n", file, summary.fileRefusal().get());
            return 1;
        }
        err.printf("%s: %d lines, %d readings read, %d refused%n", file, summary.lines(), summary.parsed(), summary.refused());
        quantumByDevice.keySet().stream().filter(d -> !histories.containsKey(d))
                .forEach(d -> err.printf("--quantum names %s, which has no readings%n", d));
        SortedMap<String, Accounting> accounted = new TreeMap<>();
        histories.forEach((device, history) -> accounted.put(device,
                history.account(policy(quantumByDevice.getOrDefault(device, history.quantumMwh())))));
        AccountingReport report = new AccountingReport(zone, accounted);
        report.printTable(out);
        if (events) {
            report.printEvents(out);
        }
        out.flush();
        err.flush();
        return 0;
    }

    private static Reader open(Path file) throws IOException {
        // undecodable bytes become U+FFFD and so refuse their line, not the whole file
        return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    private static String reason(IOException e) {
        // these two carry only the path as their message
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e instanceof AccessDeniedException ? "access denied" : String.valueOf(e.getMessage());
    }

    private Map<String, Long> parsedQuanta() {
        Map<String, Long> parsed = new LinkedHashMap<>();
        quanta.forEach((device, quantity) -> {
            try {
                parsed.put(device, MilliWattHours.parseQuantity(quantity));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--quantum " + Abbreviated.of(device) + ": " + e.getMessage());
            }
        });
        return parsed;
    }

    private AccountingPolicy policy(long quantumMwh) {
        try {
            return new AccountingPolicy(maxPowerWatts, quantumMwh);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--max-power-watts: " + e.getMessage());
        }
    }

    static final class ZoneConverter implements CommandLine.ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new CommandLine.TypeConversionException("not a time zone like Europe/Warsaw: " + Abbreviated.of(value));
            }
        }
    }
}
