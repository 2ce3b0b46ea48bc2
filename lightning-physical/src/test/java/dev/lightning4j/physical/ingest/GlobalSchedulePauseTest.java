package dev.lightning4j.physical.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings the global scheduling pause holds, by TiDB Lightning's rules, and how they are sent to PD. */
class GlobalSchedulePauseTest {

    @Test
    void settingsAreHeldByLightningsRules() {
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("max-merge-region-keys", 200000L);
        current.put("max-merge-region-size", 20L);
        current.put("leader-schedule-limit", 4L);
        current.put("region-schedule-limit", 2048L);
        current.put("max-snapshot-count", 3.0);
        current.put("enable-location-replacement", "true");
        current.put("max-pending-peer-count", 64L);
        current.put("hot-region-schedule-limit", 4L);
        Map<String, Object> held = GlobalSchedulePause.pausedValues(current, 5);
        assertThat(held).containsEntry("max-merge-region-keys", 0L).containsEntry("max-merge-region-size", 0L)
                .containsEntry("leader-schedule-limit", 20.0).containsEntry("region-schedule-limit", 40.0)
                .containsEntry("max-snapshot-count", 15.0).containsEntry("enable-location-replacement", "false")
                .containsEntry("max-pending-peer-count", (long) Integer.MAX_VALUE)
                .doesNotContainKey("hot-region-schedule-limit");
    }

    @Test
    void settingsAreSentUnderTheSchedulePrefix() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("leader-schedule-limit", 12.0);
        v.put("max-snapshot-count", 2.5);
        v.put("enable-location-replacement", "false");
        v.put("max-merge-region-keys", 0L);
        assertThat(GlobalSchedulePause.scheduleJson(v)).isEqualTo("{\"schedule.leader-schedule-limit\":12,"
                + "\"schedule.max-snapshot-count\":2.5,\"schedule.enable-location-replacement\":\"false\","
                + "\"schedule.max-merge-region-keys\":0}");
    }
}
