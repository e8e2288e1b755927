/**
 * The maskline command line for sysadmins (picocli): a client of a running server's REST API.
 *
 * <p>{@link org.maskline.cli.Cli} is the root: the options every command shares ({@code --url},
 * {@code --key}, {@code --help}, {@code --version}), inherited so they work in any position. Each
 * command group is its own class ({@code NumbersCommand}, {@code SessionsCommand}, ...) with its
 * leaf commands as methods; a new group is a new class added to {@code Cli.GROUPS}, and reaches
 * the API through {@code root.client()}, which refuses to run without a key.
 */
package org.maskline.cli;
