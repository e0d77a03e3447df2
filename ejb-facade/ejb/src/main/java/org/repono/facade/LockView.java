package org.repono.facade;

import java.util.List;

/**
 * Who holds a repository's borg lock.
 *
 * @param locked        anyone holds it
 * @param exclusiveLock the exclusive holders
 * @param roster        the roster's shared and exclusive holders
 * @param breakable     a break without force would succeed now
 */
public record LockView(boolean locked, List<LockHolderView> exclusiveLock, Roster roster, boolean breakable) {

    public record Roster(List<LockHolderView> shared, List<LockHolderView> exclusive) {
    }
}
