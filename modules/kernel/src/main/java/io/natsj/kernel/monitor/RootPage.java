package io.natsj.kernel.monitor;

import io.natsj.kernel.server.Versions;

/**
 * Serves {@code /}: a small HTML page linking the endpoints, in the spirit of nats-server's.
 * Only the endpoints natsj serves are linked.
 */
final class RootPage implements MonitorEndpoint {

    static final String PATH = "/";

    private final HttpRequestStats requests;
    private final String html;

    RootPage(HttpRequestStats requests) {
        this.requests = requests;
        this.html = """
                <html lang="en">
                  <head>
                    <title>natsj monitoring</title>
                    <style type="text/css">
                      body { font-family: ui-sans-serif,system-ui,sans-serif; font-size: 18px; margin-left: 32px }
                      a { display: block; margin-left: 7px; padding-bottom: 6px; color: rgb(72 72 92); text-decoration: none }
                      a:hover { font-weight: 600; color: rgb(59 50 202) }
                      a.last { padding-bottom: 16px }
                      .version { font-size: 14px; color: rgb(72 72 92) }
                    </style>
                  </head>
                  <body>
                    <h1>natsj</h1>
                    <p class="version">natsj v%s, behaves as nats-server v%s</p>
                    <a href=./varz>General</a>
                    <a href=./connz>Connections</a>
                    <a href=./subsz>Subscriptions</a>
                    <a href=./healthz class=last>Health Probe</a>
                    <a href=https://docs.nats.io/running-a-nats-service/nats_admin/monitoring class="help">Help</a>
                  </body>
                </html>
                """.formatted(Versions.NATSJ, Versions.NATS_COMPAT);
    }

    @Override
    public MonitorResponse handle(QueryParams q) {
        requests.count(PATH);
        return MonitorResponse.html(html);
    }
}
