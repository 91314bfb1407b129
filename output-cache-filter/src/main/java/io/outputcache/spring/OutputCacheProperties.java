package io.outputcache.spring;

import io.outputcache.OutputCacheConfig;
import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.internal.config.ConfigValues;
import io.outputcache.internal.webxml.InitParameters;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code outputcache.*} properties of a Spring environment, as the flat init-param map of
 * {@code web.xml}: {@code outputcache.<init-param>} is the init-param {@code <init-param>}, so every option, now and
 * in future, is a Boot property with the same name, value syntax, default and start-up check.
 *
 * <ul>
 * <li>Names follow Boot's relaxed rules for the option part: {@code outputcache.store-timeout},
 *     {@code outputcache.storeTimeout} and the environment variables {@code OUTPUTCACHE_STORE_TIMEOUT} and
 *     {@code OUTPUTCACHE_STORETIMEOUT} are the init-param {@code store-timeout};
 *     {@code outputcache.rule.pages.vary-headers} is {@code rule.pages.vary-headers} (environment variable
 *     {@code OUTPUTCACHE_RULE_PAGES_VARY_HEADERS}). A rule name is matched the same way against {@code rules}.</li>
 * <li>A list may be one comma-separated value or a YAML / indexed list ({@code include[0]}, {@code include[1]}):
 *     the items are joined with commas, in index order, into the one value the init-param takes.</li>
 * <li>Spring resolves placeholders ({@code ${REDIS_URL}}, {@code ${x:default}}) from its environment.</li>
 * <li>As everywhere in Boot, the property source that comes first wins for a whole name (a list included).</li>
 * <li>Two names are Boot's own and are no init-params: {@value #ENABLED} ({@code false} turns the
 *     auto-configuration off) and {@value #FILTER_ORDER} (the filter's position, default
 *     {@value #DEFAULT_FILTER_ORDER}).</li>
 * </ul>
 * A wrong value fails start-up with the parser's message, naming the property and where it was set.
 */
public final class OutputCacheProperties {

    /** The prefix of every property. */
    public static final String PREFIX = "outputcache";
    /** Boot-only: {@code outputcache.enabled=false} turns the auto-configuration off. */
    public static final String ENABLED = "enabled";
    /** Boot-only: the order of the filter's registration. */
    public static final String FILTER_ORDER = "filter-order";
    /**
     * The default order: after Spring Security's filter chain (-100), Spring Session (very early) and Boot's own
     * filters (character encoding, request observation, request context), so that the cache sees a signed-in
     * user and hits are observed; before the application's filters that declare no order (they would not run
     * on a hit anyway).
     */
    public static final int DEFAULT_FILTER_ORDER = 0;

    private static final Logger LOG = LoggerFactory.getLogger("io.outputcache");
    private static final Set<String> BOOT_ONLY = Set.of(ENABLED, FILTER_ORDER);
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);
    private static final Pattern NAMED_PARAM = Pattern.compile("init-param '([^']+)'");

    private final Map<String, String> initParameters;
    private final Map<String, Found> whereSet;
    private final boolean enabled;
    private final int filterOrder;

    private OutputCacheProperties(Map<String, String> initParameters, Map<String, Found> whereSet, boolean enabled,
                                  int filterOrder) {
        this.initParameters = Collections.unmodifiableMap(initParameters);
        this.whereSet = Map.copyOf(whereSet);
        this.enabled = enabled;
        this.filterOrder = filterOrder;
    }

    /**
     * Collects the {@code outputcache.*} properties of the environment.
     *
     * @throws InvalidConfigurationException when a placeholder cannot be resolved or a Boot-only value is wrong
     */
    public static OutputCacheProperties of(Environment environment) {
        Map<String, Found> found = collect(environment);
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, Found> where = new LinkedHashMap<>();
        List<String> ruleNames = found.containsKey("rules") ? ConfigValues.list(found.get("rules").value()) : List.of();
        for (Found f : found.values()) {
            String param = f.ruleName() == null ? f.param() : "rule." + ruleName(f.ruleName(), ruleNames) + "." + f.param();
            String value;
            try {
                value = environment.resolveRequiredPlaceholders(f.value());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("property '" + f.property() + "'" + f.from() + ": "
                        + e.getMessage(), e);
            }
            params.put(param, value);
            where.put(param, f);
        }
        boolean enabled = !"false".equalsIgnoreCase(params.getOrDefault(ENABLED, "true").trim());
        int order = DEFAULT_FILTER_ORDER;
        if (params.containsKey(FILTER_ORDER)) {
            try {
                order = Integer.parseInt(params.get(FILTER_ORDER).trim());
            } catch (NumberFormatException e) {
                Found f = where.get(FILTER_ORDER);
                throw new InvalidConfigurationException("property '" + f.property() + "'" + f.from()
                        + ": filter-order must be an integer but was '" + params.get(FILTER_ORDER) + "'", e);
            }
        }
        params.keySet().removeAll(BOOT_ONLY);
        return new OutputCacheProperties(params, where, enabled, order);
    }

    /** Whether the environment has any {@code outputcache.*} property (the auto-configuration's condition). */
    static boolean anyIn(Environment environment) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable
                    && iterable.filter(ROOT::isAncestorOf).iterator().hasNext()) {
                return true;
            }
        }
        return false;
    }

    /** The init-params, by name, as a {@code web.xml} would give them (without the Boot-only names). */
    public Map<String, String> initParameters() {
        return initParameters;
    }

    /** Whether {@code outputcache.enabled} is not {@code false}. */
    public boolean enabled() {
        return enabled;
    }

    /** The order of the filter registration ({@code outputcache.filter-order}). */
    public int filterOrder() {
        return filterOrder;
    }

    /**
     * Whether the properties give the cache a Redis connection of its own ({@code redis-url} or
     * {@code redisson-config}) or no Redis at all ({@code store=memory}); otherwise an application's
     * {@code RedissonClient} bean is used.
     */
    public boolean connectsItself() {
        return initParameters.containsKey("redis-url") || initParameters.containsKey("redisson-config")
                || "memory".equalsIgnoreCase(initParameters.getOrDefault("store", "").trim());
    }

    /**
     * Parses the init-params onto a builder, as the filter parses {@code web.xml}.
     *
     * @throws InvalidConfigurationException naming the property (and where it was set) for an unknown name or a
     *                                       value that does not parse
     */
    public OutputCacheConfig.Builder toBuilder() {
        try {
            return InitParameters.parse(initParameters);
        } catch (InvalidConfigurationException e) {
            throw new InvalidConfigurationException(explain(e.getMessage()), e);
        }
    }

    /** The parser names an init-param; a Boot user wants to read the property, and where it was set. */
    String explain(String message) {
        Matcher m = NAMED_PARAM.matcher(message);
        if (!m.find()) {
            return "outputcache properties: " + message;
        }
        String param = m.group(1);
        Found f = whereSet.get(param);
        String named = f == null ? "property '" + PREFIX + "." + param + "' (init-param '" + param + "')"
                : "property '" + f.property() + "' (init-param '" + param + "'"
                + (f.origin().isEmpty() ? "" : ", from " + f.origin()) + ")";
        return message.substring(0, m.start()) + named + message.substring(m.end());
    }

    /** A rule name as {@code rules} spells it, so that an environment variable (lower case, no dashes) finds it. */
    private static String ruleName(String given, List<String> ruleNames) {
        for (String name : ruleNames) {
            if (name.equals(given)) {
                return name;
            }
        }
        for (String name : ruleNames) {
            if (uniform(name).equals(uniform(given))) {
                return name;
            }
        }
        return given;
    }

    private static String uniform(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** One option as found: the first property source that names it wins, as in Boot's own binding. */
    private record Found(String param, String ruleName, String property, String value, String origin) {
        String from() {
            return origin.isEmpty() ? "" : " (from " + origin + ")";
        }
    }

    private static Map<String, Found> collect(Environment environment) {
        Map<String, Found> found = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            Map<String, TreeMap<Integer, ConfigurationProperty>> here = new LinkedHashMap<>();
            iterable.filter(ROOT::isAncestorOf).forEach(name -> {
                ConfigurationProperty property = iterable.getConfigurationProperty(name);
                if (property == null) {
                    return;
                }
                int last = name.getNumberOfElements() - 1;
                int index = -1;
                if (name.isNumericIndex(last)) {
                    index = Integer.parseInt(name.getElement(last, Form.ORIGINAL));
                    last--;
                }
                here.computeIfAbsent(key(name, last), k -> new TreeMap<>()).put(index, property);
            });
            // The process environment holds variables of other programs too (OUTPUTCACHE_REQUIRE_ALL_TESTS, say):
            // a variable that names no option is left out with a warning instead of failing start-up, as an
            // unknown name in a file of the application's own does.
            boolean fromProcess = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            here.forEach((key, items) -> {
                if (fromProcess && !isOption(key)) {
                    LOG.warn("environment variable {} names no outputcache option and is ignored (see"
                            + " docs/configuration.md for the names)", found(key, items).property());
                } else if (!found.containsKey(key)) {
                    found.put(key, found(key, items));
                }
            });
        }
        return found;
    }

    private static Found found(String key, TreeMap<Integer, ConfigurationProperty> items) {
        ConfigurationProperty first = items.firstEntry().getValue();
        List<String> values = new ArrayList<>();
        items.values().forEach(p -> values.add(p.getValue() == null ? "" : String.valueOf(p.getValue())));
        String origin = first.getOrigin() == null ? "" : first.getOrigin().toString();
        String property = PREFIX + "." + key.replace('\u0000', '.');
        String[] parts = key.split("\u0000");
        String ruleName = parts.length == 3 && parts[0].equals("rule") ? parts[1] : null;
        String param = ruleName == null ? String.join(".", parts) : parts[2];
        return new Found(param, ruleName, property, String.join(", ", values), origin);
    }

    /**
     * The init-param (or rule option) an element path means: the option part is matched without regard to case
     * and dashes (Boot's relaxed names), and may span several elements, as an environment variable splits
     * {@code STORE_TIMEOUT} into two; a rule's name keeps its spelling. Unknown names pass through, for the
     * parser to reject with the list of known ones.
     */
    private static String key(ConfigurationPropertyName name, int last) {
        List<String> parts = new ArrayList<>();
        for (int i = 1; i <= last; i++) {
            parts.add(name.getElement(i, Form.ORIGINAL));
        }
        if (parts.size() >= 3 && uniform(parts.get(0)).equals("rule")) {
            for (int k = 2; k < parts.size(); k++) {
                String option = known(String.join("", parts.subList(k, parts.size())),
                        InitParameters.RULE_OPTIONS.keySet());
                if (option != null) {
                    return "rule\u0000" + String.join("-", parts.subList(1, k)) + "\u0000" + option;
                }
            }
        } else if (!parts.isEmpty()) {
            String option = known(String.join("", parts), InitParameters.OPTIONS.keySet(), "rules", ENABLED,
                    FILTER_ORDER);
            if (option != null) {
                return option;
            }
        }
        return String.join("\u0000", parts.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList());
    }

    /** Whether a key of {@link #key} is an option (or a rule's option), not a name passed through unknown. */
    private static boolean isOption(String key) {
        String[] parts = key.split("\u0000");
        if (parts.length == 3 && parts[0].equals("rule")) {
            return InitParameters.RULE_OPTIONS.containsKey(parts[2]);
        }
        return parts.length == 1 && (InitParameters.OPTIONS.containsKey(key) || key.equals("rules")
                || BOOT_ONLY.contains(key));
    }

    private static String known(String element, Set<String> names, String... more) {
        String u = uniform(element);
        for (String n : names) {
            if (uniform(n).equals(u)) {
                return n;
            }
        }
        for (String n : more) {
            if (uniform(n).equals(u)) {
                return n;
            }
        }
        return null;
    }

}
