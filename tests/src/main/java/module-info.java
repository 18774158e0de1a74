/**
 * natsj's integration tests live under src/test; this module only anchors them in the build.
 */
module io.natsj.tests {
    requires io.natsj.kernel;
    // The account server the URL resolver tests fetch account JWTs from.
    requires jdk.httpserver;
}
