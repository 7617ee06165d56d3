package zmai.flasher.ops;

import java.util.List;

import org.junit.jupiter.api.Test;

import zmai.flasher.protocol.Command;
import zmai.flasher.protocol.EraseSize;

import static org.assertj.core.api.Assertions.assertThat;

class ErasePlanTest {

    @Test
    void oneMegabyteAt0x11000IsFifteenSectorsFifteenBlocksAndOneSector() {
        // the spec's worked example
        List<Command.FlashErase> plan = ErasePlan.of(0x11000, 0x100000);
        assertThat(plan).hasSize(31);
        assertThat(plan.subList(0, 15)).allMatch(e -> e.size() == EraseSize.SECTOR_4K);
        assertThat(plan.get(0).address()).isEqualTo(0x11000);
        assertThat(plan.subList(15, 30)).allMatch(e -> e.size() == EraseSize.BLOCK_64K);
        assertThat(plan.get(15).address()).isEqualTo(0x20000);
        assertThat(plan.get(30)).isEqualTo(new Command.FlashErase(EraseSize.SECTOR_4K, 0x110000));
    }

    @Test
    void neverABlockThatReachesIntoTheBootloader() {
        assertThat(ErasePlan.of(0x0, 0x20000)).allMatch(e -> e.size() == EraseSize.SECTOR_4K).hasSize(32);
    }

    @Test
    void coversTheRangeExactly() {
        long covered = ErasePlan.of(0x13000, 0x7D000).stream().mapToLong(e -> e.size().bytes()).sum();
        assertThat(covered).isEqualTo(0x7D000);
    }
}
