/**
 * Security against both servers: authentication (token, user/password, bcrypt, NKey,
 * no_auth_user, auth_timeout), permissions, account isolation and TLS.
 */
package io.natsj.tests.security;
