package dev.lightning4j.sources.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.lightning4j.spi.CompressionProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.SnappyFramedOutputStream;
import org.xerial.snappy.SnappyOutputStream;

/** Each provider against its real encoder: whole files, several members/frames, cut and damaged files. */
class CompressionProvidersTest {
    private static final byte[] DATA = data();

    private static byte[] data() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            sb.append("INSERT INTO t VALUES (").append(i).append(",'row ").append(i * 7919 % 1000).append("');\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    interface Encoder {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static Encoder encoder(String codec) {
        return switch (codec) {
            case "gzip" -> GZIPOutputStream::new;
            case "zstd" -> ZstdOutputStream::new;
            case "snappy" -> SnappyFramedOutputStream::new;
            default -> throw new IllegalArgumentException(codec);
        };
    }

    private static CompressionProvider provider(String codec) {
        return ServiceLoader.load(CompressionProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(codec)).findFirst().orElseThrow();
    }

    private static byte[] compress(String codec, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = encoder(codec).wrap(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** A stream that, like a network stream, says 0 bytes are available and returns short reads. */
    private static InputStream network(byte[] b) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {
            @Override
            public int available() {
                return 0;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                return super.read(buf, off, Math.min(len, 1000));
            }
        };
    }

    private static byte[] decompress(String codec, InputStream raw) throws IOException {
        try (InputStream in = provider(codec).decompress(raw)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theServicesFileRegistersEachCodecUnderLightningsSuffixes() {
        List<CompressionProvider> all = ServiceLoader.load(CompressionProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertThat(all).extracting(CompressionProvider::name).containsExactlyInAnyOrder("gzip", "zstd", "snappy");
        assertThat(provider("gzip").suffixes()).containsExactlyInAnyOrder("gz", "gzip");
        assertThat(provider("zstd").suffixes()).containsExactlyInAnyOrder("zst", "zstd");
        assertThat(provider("snappy").suffixes()).containsExactly("snappy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd", "snappy"})
    void aWholeFileDecompressesToItsBytes(String codec) throws IOException {
        assertThat(decompress(codec, network(compress(codec, DATA)))).isEqualTo(DATA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd", "snappy"})
    void concatenatedMembersOrFramesAllDecompressEvenFromANetworkStream(String codec) throws IOException {
        byte[] first = Arrays.copyOfRange(DATA, 0, 1000);
        byte[] second = Arrays.copyOfRange(DATA, 1000, DATA.length);
        byte[] joined = concat(compress(codec, first), compress(codec, second));
        assertThat(decompress(codec, network(joined))).isEqualTo(DATA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd", "snappy"})
    void aCutFileFailsInsteadOfEndingEarly(String codec) throws IOException {
        byte[] whole = compress(codec, DATA);
        byte[] cut = Arrays.copyOf(whole, whole.length / 2 + 3);
        assertThatThrownBy(() -> decompress(codec, network(cut))).isInstanceOf(IOException.class)
                .hasMessageStartingWith(codec + " data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd", "snappy"})
    void damagedBytesFail(String codec) throws IOException {
        byte[] bad = compress(codec, DATA);
        for (int i = bad.length / 3; i < bad.length / 3 + 32; i++) {
            bad[i] ^= 0x5a;
        }
        assertThatThrownBy(() -> decompress(codec, network(bad))).isInstanceOf(IOException.class)
                .hasMessageStartingWith(codec + " data");
    }

    @Test
    void gzipCutInsideTheTrailerSaysTruncated() throws IOException {
        byte[] whole = compress("gzip", DATA);
        byte[] cut = Arrays.copyOf(whole, whole.length - 3);
        assertThatThrownBy(() -> decompress("gzip", network(cut))).hasMessage("gzip data ends early: the file is "
                + "truncated");
    }

    @Test
    void anEmptySnappyFileIsEmptyAsGoWritesIt() throws IOException {
        assertThat(decompress("snappy", new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void snappyJavasOwnStreamFormatIsRefusedByName() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new SnappyOutputStream(bytes)) {
            out.write(DATA);
        }
        assertThatThrownBy(() -> decompress("snappy", new ByteArrayInputStream(bytes.toByteArray())))
                .hasMessageContaining("snappy-java's own stream format");
        assertThatThrownBy(() -> decompress("snappy", new ByteArrayInputStream(DATA)))
                .hasMessageContaining("not Snappy framing format data");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
