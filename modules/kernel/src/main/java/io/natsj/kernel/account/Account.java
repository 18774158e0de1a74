package io.natsj.kernel.account;

import io.natsj.kernel.subject.SubjectIndex;

/**
 * One account: a name and its subscription index.
 */
public final class Account {

    /** The global account of connections that name none. */
    public static final String GLOBAL = "$G";

    private final String name;
    private final SubjectIndex index = new SubjectIndex();

    /** @param name the account name */
    public Account(String name) {
        this.name = name;
    }

    /** @return the account name */
    public String name() {
        return name;
    }

    /** @return the account's subscriptions */
    public SubjectIndex index() {
        return index;
    }

    @Override
    public String toString() {
        return "Account[" + name + "]";
    }
}
