package io.natsj.kernel.protocol;

/**
 * A client's CONNECT block, read by {@link ConnectJson}. Fields start at nats-server's defaults
 * (verbose, pedantic and echo on), so {@code CONNECT {}} keeps them on, as it does there.
 */
public final class ConnectOptions {

    public boolean verbose = true;
    public boolean pedantic = true;
    public boolean tlsRequired;
    public boolean echo = true;
    public boolean headers;
    public boolean noResponders;
    public int protocol;
    public String name = "";
    public String lang = "";
    public String version = "";
    public String authToken;
    public String user;
    public String pass;
    public String nkey;
    public String sig;
    public String jwt;

    /** @return a copy, into which a later CONNECT is merged */
    public ConnectOptions copy() {
        ConnectOptions c = new ConnectOptions();
        c.verbose = verbose;
        c.pedantic = pedantic;
        c.tlsRequired = tlsRequired;
        c.echo = echo;
        c.headers = headers;
        c.noResponders = noResponders;
        c.protocol = protocol;
        c.name = name;
        c.lang = lang;
        c.version = version;
        c.authToken = authToken;
        c.user = user;
        c.pass = pass;
        c.nkey = nkey;
        c.sig = sig;
        c.jwt = jwt;
        return c;
    }
}
