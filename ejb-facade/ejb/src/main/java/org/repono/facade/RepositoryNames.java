package org.repono.facade;

import java.util.regex.Pattern;

/**
 * What a repository name may look like. Names come from URLs and become parts of file names under the server's
 * data folder (job history, schedules): this pattern keeps them from ever naming a path outside it.
 */
public final class RepositoryNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private RepositoryNames() {
    }

    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }
}
