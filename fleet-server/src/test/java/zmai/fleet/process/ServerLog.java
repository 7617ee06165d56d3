package zmai.fleet.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The warnings and errors a server process logged from a mark on, summed up by logger and message. */
final class ServerLog {

    // "2026-11-30 10:00:00,123 WARN  [zm.fl.in.BatchWriter] (ingest-writer) the database refused..."
    private static final Pattern LINE = Pattern.compile("^\\S+ \\S+ (WARN|ERROR)\\s+\\[([^]]+)] \\([^)]*\\) (.*)$");
    private static final int MESSAGE_CHARS = 90;

    private final Path file;
    private final long mark;

    private ServerLog(Path file, long mark) {
        this.file = file;
        this.mark = mark;
    }

    static ServerLog from(ServerProcess server) throws IOException {
        return new ServerLog(server.log(), Files.exists(server.log()) ? Files.size(server.log()) : 0);
    }

    /** e.g. "2 WARN [BatchWriter] the database refused a batch…; 1 ERROR [...] ...", or "none". */
    String summary() throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(mark);
            byte[] rest = new byte[(int) (in.length() - mark)];
            in.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    counts.merge(m.group(1) + " [" + logger(m.group(2)) + "] " + shorten(m.group(3)), 1, Integer::sum);
                }
            }
        }
        if (counts.isEmpty()) {
            return "no warning logged";
        }
        return counts.entrySet().stream().map(e -> e.getValue() + "× " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    private static String logger(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    // numbers and ids vary from line to line; without them the same message is counted as one
    private static String shorten(String message) {
        String plain = message.replaceAll("[0-9a-f]{8,}|\\d+", "#").replace("|", "/");
        return plain.length() <= MESSAGE_CHARS ? plain : plain.substring(0, MESSAGE_CHARS) + "…";
    }
}
