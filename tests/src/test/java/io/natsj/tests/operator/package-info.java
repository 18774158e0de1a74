/**
 * Operator mode (decentralized JWT authentication) against both servers: operator, account
 * and user JWTs issued in the tests, clients connecting with creds files (jnats) or raw
 * CONNECTs carrying a JWT and a nonce signature.
 */
package io.natsj.tests.operator;
