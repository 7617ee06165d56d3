package zmai.meter.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PublishRuleTest {

    @Test
    void aChangeWaitsForFiveFrames() {
        PublishRule rule = new PublishRule(0.25, 1);
        List<Integer> sentAt = framesSending(rule, 230.0, 12);
        assertThat(sentAt).containsExactly(5);
    }

    @Test
    void aSteadyValueIsRepeatedEverySixtyFrames() {
        PublishRule rule = new PublishRule(0.25, 1);
        List<Integer> sentAt = framesSending(rule, 230.0, 130);
        assertThat(sentAt).containsExactly(5, 65, 125);
    }

    @Test
    void smallChangesAreHeldAndBigOnesWaitForFiveFrames() {
        PublishRule rule = new PublishRule(0.25, 1);
        framesSending(rule, 230.0, 5);
        assertThat(rule.offer(230.2)).isEmpty();   // within the threshold
        assertThat(rule.offer(231.0)).isEmpty();   // beyond, but only 2 frames since the last send
        rule.offer(231.0);
        rule.offer(231.0);
        assertThat(rule.offer(231.0)).contains("231.0");
    }

    @Test
    void formatsWithTheValuesDecimals() {
        assertThat(new PublishRule(0.002, 3).format(0.26094)).isEqualTo("0.261");
        assertThat(new PublishRule(0.25, 1).format(230)).isEqualTo("230.0");
    }

    private static List<Integer> framesSending(PublishRule rule, double value, int frames) {
        List<Integer> sentAt = new ArrayList<>();
        for (int frame = 1; frame <= frames; frame++) {
            Optional<String> payload = rule.offer(value);
            if (payload.isPresent()) {
                sentAt.add(frame);
            }
        }
        return sentAt;
    }
}
