package org.maskline.menu;

import java.time.Duration;
import java.util.Optional;

/**
 * The menu's configuration.
 *
 * @param operator       key 2; empty: no operator is offered
 * @param prompts        where the prompts come from
 * @param keyTimeout     how long the menu waits for a key after its prompt
 * @param unroutableMenu MASKLINE_UNROUTABLE=menu: every unroutable call gets the menu (operator only)
 * @param fixedCallerId  MASKLINE_CALLER_ID_MODE=fixed:+E164: the one number every callee sees; empty: per-session proxies
 */
public record MenuSettings(Optional<Operator> operator, Prompts prompts, Duration keyTimeout, boolean unroutableMenu,
                           Optional<String> fixedCallerId) {
    public static final Duration DEFAULT_KEY_TIMEOUT = Duration.ofSeconds(5);

    public MenuSettings {
        if (unroutableMenu && operator.isEmpty()) {
            throw new IllegalArgumentException("MASKLINE_UNROUTABLE=menu needs MASKLINE_OPERATOR");
        }
    }

    public static MenuSettings of(org.maskline.config.Config c) {
        var t = c.afterTrip();
        return new MenuSettings(t.operator().map(o -> new Operator(o, t.operatorSeesProxy())), new Prompts(t.promptsDir()),
                t.keyTimeout(), c.unroutable() instanceof org.maskline.config.Unroutable.Menu, t.fixedCallerId());
    }

    /** No operator, Asterisk's sounds, per-session proxies: the menu only serves recontact and unavailable calls. */
    public static MenuSettings defaults() {
        return new MenuSettings(Optional.empty(), Prompts.asteriskSounds(), DEFAULT_KEY_TIMEOUT, false, Optional.empty());
    }

    public MenuSettings withOperator(Operator o) {
        return new MenuSettings(Optional.of(o), prompts, keyTimeout, unroutableMenu, fixedCallerId);
    }

    public MenuSettings withKeyTimeout(Duration d) {
        return new MenuSettings(operator, prompts, d, unroutableMenu, fixedCallerId);
    }

    public MenuSettings withUnroutableMenu(boolean on) {
        return new MenuSettings(operator, prompts, keyTimeout, on, fixedCallerId);
    }

    public MenuSettings withFixedCallerId(String number) {
        return new MenuSettings(operator, prompts, keyTimeout, unroutableMenu, Optional.ofNullable(number));
    }

    public MenuSettings withPrompts(Prompts p) {
        return new MenuSettings(operator, p, keyTimeout, unroutableMenu, fixedCallerId);
    }
}
