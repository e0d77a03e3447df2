package org.repono.web;

import java.io.IOException;

/** A request body went past the largest object a repository takes; thrown while reading it. */
public class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    public BodyTooLargeException(long limit) {
        super("The body is larger than " + limit + " bytes, the most a repository takes (borg's MAX_DATA_SIZE)."
                + " Nothing was stored.");
    }
}
