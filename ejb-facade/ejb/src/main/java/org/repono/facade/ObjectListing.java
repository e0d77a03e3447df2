package org.repono.facade;

import java.util.List;

/** One page of object ids; {@code nextMarker} is null when the listing is complete. */
public record ObjectListing(List<ObjectInfo> objects, String nextMarker) {
}
