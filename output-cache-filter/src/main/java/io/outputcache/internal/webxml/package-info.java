/**
 * The web.xml init-param parser, mapping kebab-case names onto the configuration builders.
 *
 * <p><strong>Not API.</strong> Everything under {@code io.outputcache.internal} is implementation: it may change
 * or disappear in any release, including a patch release, without notice. Applications use the types in
 * {@code io.outputcache} and its other sub-packages; this package is left out of the published Javadoc.
 */
package io.outputcache.internal.webxml;
