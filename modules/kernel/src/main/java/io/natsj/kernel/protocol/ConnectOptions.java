package io.natsj.kernel.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A client's CONNECT block. Fields start at nats-server's defaults (verbose, pedantic and
 * echo on), so {@code CONNECT {}} keeps them on, as it does there.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class ConnectOptions {

    @JsonProperty("verbose") public boolean verbose = true;
    @JsonProperty("pedantic") public boolean pedantic = true;
    @JsonProperty("tls_required") public boolean tlsRequired;
    @JsonProperty("echo") public boolean echo = true;
    @JsonProperty("headers") public boolean headers;
    @JsonProperty("no_responders") public boolean noResponders;
    @JsonProperty("protocol") public int protocol;
    @JsonProperty("name") public String name = "";
    @JsonProperty("lang") public String lang = "";
    @JsonProperty("version") public String version = "";
    @JsonProperty("auth_token") public String authToken;
    @JsonProperty("user") public String user;
    @JsonProperty("pass") public String pass;
    @JsonProperty("nkey") public String nkey;
    @JsonProperty("sig") public String sig;
    @JsonProperty("jwt") public String jwt;

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
