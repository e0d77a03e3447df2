package org.repono.api;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param entries    the objects, in the repository's order
 * @param nextMarker pass as marker to get the next page; null when this is the last page
 */
public record ObjectPage(List<ObjectEntry> entries, ObjectId nextMarker) {
}
