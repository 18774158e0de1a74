package io.natsj.auth.jwt;

/**
 * A scoped signing key of an account: the users it issues get its template's permissions and
 * limits, never their own.
 *
 * @param key the signing key
 * @param role {@code role}
 * @param template what every user it issues is granted (permissions may hold templates such as
 *        {@code {{name()}}})
 */
record UserScope(String key, String role, UserLimits template) {
}
