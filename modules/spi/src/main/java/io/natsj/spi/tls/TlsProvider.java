package io.natsj.spi.tls;

/**
 * Builds {@link TlsContext}s from {@code tls { }} blocks. Its {@link #configKey()} is
 * {@code tls}; the kernel also hands it the {@code tls} blocks nested in other sections.
 */
public interface TlsProvider extends io.natsj.spi.ConfiguredProvider {

    /**
     * @param request the block to read
     * @return the context for that block
     * @throws io.natsj.spi.PluginException when the block is invalid (the message names the key)
     */
    TlsContext create(TlsRequest request);
}
