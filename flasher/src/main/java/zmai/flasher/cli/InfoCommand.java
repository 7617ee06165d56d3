package zmai.flasher.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import zmai.flasher.ops.ChipInfo;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Identify the chip: family, bootloader, flash id, write protection.")
final class InfoCommand implements Callable<Integer> {

    @Mixin
    private PortOptions port;

    @Mixin
    private ChipOption chip;

    @Mixin
    private JsonOption json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ChipConnection connection = ChipConnection.open(port, chip.family(), spec.commandLine().getErr())) {
            ChipInfo info = connection.access().chip();
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("chip", info.chip().name());
            facts.put("protocol", info.protocol().name());
            facts.put("bootloader", info.bootloader().map(b -> b.label()).orElse("unknown"));
            facts.put("bootloaderCrc", String.format("0x%08X", ~info.probeCrc() & 0xFFFF_FFFFL));
            info.chipId().ifPresent(id -> facts.put("chipId", String.format("0x%X", id)));
            info.bootVersion().ifPresent(v -> facts.put("bootVersion", v));
            facts.put("flashId", info.midText());
            facts.put("flashPart", info.flashPart().map(p -> p.name()).orElse("unknown"));
            facts.put("flashSize", info.flashSize());
            info.statusRegister().ifPresent(sr -> facts.put("statusRegister", String.format("0x%04X", sr)));
            facts.put("writeProtected", info.protection().toString());
            info.efuseKey().ifPresent(key -> facts.put("efuseKey", key + (key.isTuya() ? " (Tuya)" : key.isZero() ? " (BK7231M)" : "")));
            facts.put("baud", connection.access().session().link().baudRate());
            Results.print(facts, json.enabled(), out);
        }
        return 0;
    }
}
