package zmai.core.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import zmai.core.Abbreviated;
import zmai.core.energy.CounterUnit;

/**
 * Where the contract's fields are in a CSV history, found by header name: columns may come in any order and
 * unknown ones are ignored. A record must fit on one physical line, so that line numbers stay true.
 */
final class CsvColumns {

    static final List<String> REQUIRED = List.of("device", "ts", "register", "value", "unit");
    static final List<String> OPTIONAL = List.of("boot", "uptime", "reset");

    private static final ObjectReader RECORD = new CsvMapper().readerFor(String[].class);

    private final Map<String, Integer> positions;
    private final int width;

    private CsvColumns(Map<String, Integer> positions, int width) {
        this.positions = positions;
        this.width = width;
    }

    /** The columns of {@code header}; a refusal here refuses the whole file. */
    static CsvColumns fromHeader(String header) throws LineRefusal {
        String[] names = split(header);
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i].strip();
            if ((REQUIRED.contains(name) || OPTIONAL.contains(name)) && positions.putIfAbsent(name, i) != null) {
                throw new LineRefusal("CSV header names column " + name + " twice");
            }
        }
        List<String> missing = new ArrayList<>(REQUIRED);
        missing.removeAll(positions.keySet());
        if (!missing.isEmpty()) {
            throw new LineRefusal("CSV header lacks required column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + "; expected device,ts,register,value,unit[,boot,uptime,reset], found: "
                    + Abbreviated.of(header));
        }
        return new CsvColumns(Map.copyOf(positions), names.length);
    }

    LineResult parse(int line, String text) {
        try {
            String[] fields = split(text);
            if (fields.length > width) {
                throw new LineRefusal("line has " + fields.length + " fields, the header has " + width);
            }
            CounterUnit unit = ReadingFields.unit(field(fields, "unit"));
            HistoryReading reading = new HistoryReading(ReadingFields.device(field(fields, "device")),
                    ReadingFields.register(field(fields, "register")), unit, ReadingFields.reading(
                    ReadingFields.instant(field(fields, "ts")), ReadingFields.valueMwh(field(fields, "value"), unit),
                    ReadingFields.boot(field(fields, "boot")), ReadingFields.uptime(field(fields, "uptime")),
                    ReadingFields.reset(field(fields, "reset"))));
            return new LineResult.Parsed(line, reading);
        } catch (LineRefusal e) {
            return new LineResult.Refused(line, e.getMessage());
        }
    }

    /** The field of {@code column}; empty when the column is absent or the line ends before it. */
    private String field(String[] fields, String column) {
        Integer position = positions.get(column);
        return position == null || position >= fields.length ? "" : fields[position];
    }

    static String[] split(String text) throws LineRefusal {
        if (isPlain(text)) {
            return text.split(",", -1);
        }
        return splitFully(text);
    }

    /** Without quotes or control characters a record is its text cut at every comma. */
    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c < 0x20) {
                return false;
            }
        }
        return true;
    }

    static String[] splitFully(String text) throws LineRefusal {
        try {
            String[] fields = RECORD.readValue(text);
            return fields == null ? new String[0] : fields;
        } catch (JsonProcessingException e) {
            throw new LineRefusal("not a valid CSV record: " + Abbreviated.of(e.getOriginalMessage()));
        } catch (RuntimeException e) {
            // the CSV library is the edge to untrusted text: whatever it throws refuses this line only
            throw new LineRefusal("not a valid CSV record");
        }
    }
}
