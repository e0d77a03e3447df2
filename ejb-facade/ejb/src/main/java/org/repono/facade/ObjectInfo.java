package org.repono.facade;

/** An object's id (64 lower-case hex) and data size in bytes. */
public record ObjectInfo(String id, long size) {
}
