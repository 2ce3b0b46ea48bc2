/**
 * An in-JVM stand-in for PD and TiKV speaking the real kvproto gRPC protocol: it validates requests as TiKV
 * does, splits regions, stores what is ingested, and computes checksums over what it stores. Entry point:
 * {@link dev.lightning4j.testing.tikv.TestingTikvCluster}.
 */
package dev.lightning4j.testing.tikv;
