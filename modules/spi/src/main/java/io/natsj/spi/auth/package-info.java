/**
 * Authentication: an {@link io.natsj.spi.auth.Authenticator} decides whether a CONNECT may
 * proceed and as which user and account. Each method (token, user/password, NKey, JWT,
 * callout) is its own plugin; the kernel asks them in turn.
 */
package io.natsj.spi.auth;
