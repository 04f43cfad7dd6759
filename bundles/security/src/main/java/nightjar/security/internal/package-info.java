/** Security: the device certificate, accounts with Argon2id hashes, and authentication of every endpoint. */
@NullMarked
package nightjar.security.internal;

import org.jspecify.annotations.NullMarked;
