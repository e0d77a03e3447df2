package org.repono.api;

/** One object in a listing: its id and data size in bytes. */
public record ObjectEntry(ObjectId id, long size) {
}
