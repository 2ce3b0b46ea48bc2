package dev.lightning4j.testing.tikv;

import java.util.Arrays;
import java.util.List;
import org.tikv.kvproto.Kvrpcpb;

/**
 * The storage API version of the stand-in's TiKV ({@code storage.api-version}) and, in API V2, the one keyspace
 * PD knows. TiKV refuses a request whose {@code api_version} is not the storage's, and in API V2 a transactional
 * key outside the {@code 'x'} key mode; the stand-in also refuses keys outside its one keyspace (a client writing
 * into another tenant's keys is wrong). Immutable.
 *
 * @param name  the keyspace's name (empty in API V1)
 * @param id    the keyspace's ID (-1 in API V1)
 * @param state the state PD reports ({@code ENABLED}, {@code DISABLED}, {@code ARCHIVED}, {@code TOMBSTONE})
 */
record ApiMode(String name, int id, String state) {
    static final ApiMode V1 = new ApiMode("", -1, "");
    static final int MAX_ID = 0xFF_FFFF;
    private static final byte TXN_MODE = 'x';

    ApiMode {
        if (id > MAX_ID) {
            throw new IllegalArgumentException("a keyspace ID has 3 bytes: 0.." + MAX_ID + ", got " + id);
        }
    }

    boolean v2() {
        return id >= 0;
    }

    Kvrpcpb.APIVersion version() {
        return v2() ? Kvrpcpb.APIVersion.V2 : Kvrpcpb.APIVersion.V1;
    }

    /** {@code 'x'} and the ID as 3 bytes big-endian; empty in API V1. */
    byte[] prefix() {
        return v2() ? new byte[] {TXN_MODE, (byte) (id >>> 16), (byte) (id >>> 8), (byte) id} : new byte[0];
    }

    /** The first key after the keyspace; empty in API V1. */
    byte[] end() {
        if (!v2()) {
            return new byte[0];
        }
        return id == MAX_ID ? new byte[] {TXN_MODE + 1, 0, 0, 0}
                : new byte[] {TXN_MODE, (byte) ((id + 1) >>> 16), (byte) ((id + 1) >>> 8), (byte) (id + 1)};
    }

    /** Whether a raw key belongs to the keyspace (every key does in API V1). */
    boolean owns(byte[] rawKey) {
        byte[] p = prefix();
        return rawKey.length >= p.length && Arrays.equals(rawKey, 0, p.length, p, 0, p.length);
    }

    /** TiKV's api-version check of a request: its error text, or null. */
    String checkVersion(String cmd, Kvrpcpb.APIVersion sent) {
        if (sent == version()) {
            return null;
        }
        return "ApiVersionNotMatched { cmd: \"" + cmd + "\", storage_api_version: " + version()
                + ", req_api_version: " + sent + " }";
    }

    /** The version check, then every raw key in the keyspace: the error text, or null. */
    String check(String cmd, Kvrpcpb.APIVersion sent, List<byte[]> rawKeys) {
        String err = checkVersion(cmd, sent);
        if (err != null) {
            return err;
        }
        for (byte[] k : rawKeys) {
            String bad = checkKey(cmd, k);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    /** A raw key in the keyspace: the error text, or null. */
    String checkKey(String cmd, byte[] rawKey) {
        if (owns(rawKey)) {
            return null;
        }
        return "InvalidKeyMode { cmd: \"" + cmd + "\", storage_api_version: V2, key: \"" + TikvKeys.hex(rawKey)
                + "\" } (not in keyspace " + name + ", prefix " + TikvKeys.hex(prefix()) + ")";
    }

    /** A raw range {@code [start, end)} (empty end = unbounded) within the keyspace: the error text, or null. */
    String checkRange(String cmd, byte[] start, byte[] end) {
        if (!v2()) {
            return null;
        }
        String err = checkKey(cmd, start);
        if (err != null) {
            return err;
        }
        if (end.length == 0 || Arrays.compareUnsigned(end, end()) > 0) {
            return "InvalidKeyMode { cmd: \"" + cmd + "\", storage_api_version: V2, range end: \"" + TikvKeys.hex(end)
                    + "\" } (beyond keyspace " + name + ", which ends at " + TikvKeys.hex(end()) + ")";
        }
        return null;
    }
}
