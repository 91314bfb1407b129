/** The Thymeleaf dialect ({@code oc:cache}, {@code oc:hole}); used only when Thymeleaf is on the classpath. */
package io.outputcache.thymeleaf;
