package dev.lightning4j.sources.remote;

import dev.lightning4j.ImportException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteLocationTest {
    private static final Set<String> KNOWN = Set.of("region", "secret-access-key", "force-path-style");

    @Test
    void thePrefixIsADirectory() {
        assertThat(RemoteLocation.parse(URI.create("s3://b/dump"), KNOWN).prefix()).isEqualTo("dump/");
        assertThat(RemoteLocation.parse(URI.create("s3://b/dump/"), KNOWN).prefix()).isEqualTo("dump/");
        assertThat(RemoteLocation.parse(URI.create("s3://b/a/b%20c"), KNOWN).prefix()).isEqualTo("a/b c/");
        RemoteLocation whole = RemoteLocation.parse(URI.create("gs://my_bucket"), KNOWN);
        assertThat(whole.bucket()).isEqualTo("my_bucket");
        assertThat(whole.prefix()).isEmpty();
        assertThat(whole.display()).isEqualTo("gs://my_bucket/");
    }

    @Test
    void aPlusInAValueStaysAPlus() {
        RemoteLocation l = RemoteLocation.parse(URI.create("s3://b/p?secret-access-key=ab+c/d%2Be&region=x"), KNOWN);
        assertThat(l.option("secret-access-key")).isEqualTo("ab+c/d+e");
        assertThat(l.option("region")).isEqualTo("x");
    }

    @Test
    void underscoresAndCaseInOptionNamesAreAccepted() {
        RemoteLocation l = RemoteLocation.parse(URI.create("s3://b/p?Force_Path_Style=true"), KNOWN);
        assertThat(l.flag("force-path-style")).isTrue();
    }

    @Test
    void unknownOptionsAreRefusedWithoutEchoingValues() {
        assertThatThrownBy(() -> RemoteLocation.parse(URI.create("s3://b/p?secret-key=TOPSECRET"), KNOWN))
                .isInstanceOf(ImportException.class).hasMessageContaining("secret-key")
                .hasMessageNotContaining("TOPSECRET");
        assertThatThrownBy(() -> RemoteLocation.parse(URI.create("s3://b/p?force-path-style=maybe"), KNOWN)
                .flag("force-path-style")).isInstanceOf(ImportException.class);
    }

    @Test
    void userInformationIsNeverShownFromAnEndpoint() {
        assertThat(RemoteLocation.displayEndpoint("http://user:pw@host:9000/x?token=1")).isEqualTo("http://host:9000/x");
    }
}
