package org.repono.facade;

/**
 * What a put did.
 *
 * @param id      the object's id, 64 lower-case hex
 * @param size    bytes stored
 * @param created true when no object had this id before
 */
public record StoredObject(String id, long size, boolean created) {
}
