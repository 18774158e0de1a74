/**
 * nats-server's command line: {@link io.natsj.config.cli.CommandLine#parse(String...)} reads the
 * flags into {@link io.natsj.config.cli.CommandLineOptions}, whose overrides use config key names
 * and are merged over the config file with
 * {@link io.natsj.config.cli.CommandLineOptions#applyTo(com.typesafe.config.Config)}.
 */
package io.natsj.config.cli;
