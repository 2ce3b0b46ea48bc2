package dev.lightning4j.testing.tikv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PdHttpTest {
    private TestingTikvCluster cluster;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        cluster = TestingTikvCluster.start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.pdHttpAddress() + path))
                .timeout(Duration.ofSeconds(30));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String rule(String id, String ttl) {
        return "{\"id\":\"" + id + "\",\"labels\":[{\"key\":\"schedule\",\"value\":\"deny\""
                + (ttl == null ? "" : ",\"ttl\":\"" + ttl + "\"") + "}],\"rule_type\":\"key-range\","
                + "\"data\":[{\"start_key\":\"7480000000000000ff2d5f720000000000fa\",\"end_key\":\"7480000000000000ff2e\"}]}";
    }

    @Test
    void labelRulesAreSetListedAndDeleted() throws Exception {
        assertThat(send("POST", "/pd/api/v1/config/region-label/rule", rule("lightning-1", "1h0m0s")).statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/pd/api/v1/config/region-label/rule", rule("other", null)).statusCode())
                .isEqualTo(200);
        List<LabelRule> rules = cluster.labelRules();
        assertThat(rules).extracting(LabelRule::id).containsExactly("lightning-1", "other");
        LabelRule r = rules.get(0);
        assertThat(r.ruleType()).isEqualTo("key-range");
        assertThat(r.labels()).containsExactly(new LabelRule.Label("schedule", "deny", "1h0m0s"));
        assertThat(r.ranges()).singleElement().satisfies(k -> {
            assertThat(TikvKeys.hex(k.startKey())).isEqualTo("7480000000000000ff2d5f720000000000fa");
            assertThat(TikvKeys.hex(k.endKey())).isEqualTo("7480000000000000ff2e");
        });
        assertThat(r.expiresAt()).isNotNull();
        assertThat(rules.get(1).expiresAt()).isNull();

        HttpResponse<String> list = send("GET", "/pd/api/v1/config/region-label/rules", null);
        assertThat(list.statusCode()).isEqualTo(200);
        Object parsed = Json.parse(list.body());
        assertThat(parsed).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(2);
        assertThat(((Map<?, ?>) ((List<?>) parsed).get(0)).get("id")).isEqualTo("lightning-1");

        assertThat(send("DELETE", "/pd/api/v1/config/region-label/rule/lightning-1", null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/pd/api/v1/config/region-label/rule/lightning-1", null).statusCode()).isEqualTo(404);
        assertThat(cluster.labelRules()).extracting(LabelRule::id).containsExactly("other");
    }

    @Test
    void anExpiredRuleIsNoLongerActive() throws Exception {
        assertThat(send("POST", "/pd/api/v1/config/region-label/rule", rule("gone", "0s")).statusCode())
                .isEqualTo(200);
        assertThat(cluster.labelRules()).isEmpty();
    }

    @Test
    void badRulesAreRefused() throws Exception {
        assertThat(send("POST", "/pd/api/v1/config/region-label/rule", "{not json").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/pd/api/v1/config/region-label/rule", "{\"labels\":[]}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/pd/api/v1/config/region-label/rule",
                rule("x", null).replace("ff2e\"", "zz\"")).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/pd/api/v1/config/region-label/rule", rule("x", "soon")).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/pd/api/v1/config/region-label/rule",
                rule("x", null).replace("\"end_key\":\"7480000000000000ff2e\"", "\"end_key\":\"7470\"")).statusCode())
                .as("end before start").isEqualTo(400);
        assertThat(cluster.labelRules()).isEmpty();
    }

    @Test
    void patchSetsAndDeletes() throws Exception {
        send("POST", "/pd/api/v1/config/region-label/rule", rule("a", null));
        HttpResponse<String> r = send("PATCH", "/pd/api/v1/config/region-label/rules",
                "{\"sets\":[" + rule("b", "10m") + "],\"deletes\":[\"a\"]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(cluster.labelRules()).extracting(LabelRule::id).containsExactly("b");
    }

    @Test
    void versionStoresAndReplicationConfig() throws Exception {
        assertThat(send("GET", "/pd/api/v1/version", null).body()).contains("\"version\":\"v8.5.0\"");
        String stores = send("GET", "/pd/api/v1/stores", null).body();
        assertThat(stores).contains("\"count\":3", cluster.storeAddress(1));
        assertThat(send("GET", "/pd/api/v1/config/replicate", null).body()).contains("\"max-replicas\":3");
        assertThat(send("GET", "/pd/api/v1/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void goDurations() {
        assertThat(PdHttpServer.goDuration("1h0m0s")).isEqualTo(Duration.ofHours(1));
        assertThat(PdHttpServer.goDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(PdHttpServer.goDuration("300ms")).isEqualTo(Duration.ofMillis(300));
        assertThatThrownBy(() -> PdHttpServer.goDuration("10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PdHttpServer.goDuration("")).isInstanceOf(IllegalArgumentException.class);
    }
}
