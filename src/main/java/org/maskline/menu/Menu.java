package org.maskline.menu;

import java.util.List;

/**
 * The menu's logic for one call, without I/O: which prompt to play, what a key or a silence means,
 * when to give up. The menu is offered three times at most ("no input or a wrong key repeats the menu
 * twice"), then the caller hears {@link Prompt#GOODBYE}.
 */
public final class Menu {
    /** Times the menu is offered before the polite hang-up. */
    public static final int OFFERS = 3;

    /** What the call does next. */
    public sealed interface Step {
        /** Play these prompts, then wait for a key. */
        record Play(List<Prompt> prompts) implements Step {}

        /** Leave the menu with this choice. */
        record Choose(MenuChoice choice) implements Step {}

        /** Play {@link Prompt#GOODBYE} and hang up. */
        record Goodbye() implements Step {}
    }

    private final MenuOffer offer;
    private int offers;

    public Menu(MenuOffer offer) {
        this.offer = offer;
    }

    public MenuOffer offer() {
        return offer;
    }

    public Step start() {
        offers = 1;
        return new Step.Play(List.of(offer.prompt()));
    }

    /** A key was pressed (during a prompt or after it). */
    public Step key(String digit) {
        return offer.choiceFor(digit).<Step>map(Step.Choose::new).orElseGet(() -> again(Prompt.INVALID));
    }

    /** No key within the timeout after the menu prompt ended. */
    public Step silence() {
        return again(null);
    }

    private Step again(Prompt first) {
        if (offers >= OFFERS) return new Step.Goodbye();
        offers++;
        return new Step.Play(first == null ? List.of(offer.prompt()) : List.of(first, offer.prompt()));
    }
}
