package io.natsj.kernel.log;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * Routes {@link System.Logger} to natsj's log, so that plugins (which see only the SPI) and
 * the libraries that log through the platform logger write in nats-server's format, at the
 * levels {@code -D} and {@code -V} switch on.
 */
public final class NatsLoggerFinder extends System.LoggerFinder {

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new NatsLogger(name);
    }

    /** One named logger; the name is not printed, as nats-server prints none. */
    private record NatsLogger(String name) implements System.Logger {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return switch (level) {
                case ALL, TRACE -> Log.isTrace();
                case DEBUG -> Log.isDebug();
                case OFF -> false;
                default -> true;
            };
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                write(level, thrown == null ? msg : msg + ": " + thrown);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                write(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params));
            }
        }

        private static void write(Level level, String text) {
            switch (level) {
                case ERROR -> Log.error(text);
                case WARNING -> Log.warn(text);
                case INFO -> Log.info(text);
                case DEBUG -> Log.debug(text);
                default -> Log.trace(text);
            }
        }
    }
}
