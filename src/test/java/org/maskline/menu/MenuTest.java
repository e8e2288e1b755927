package org.maskline.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.maskline.sessions.Route;

/** The menu's logic alone: which key does what for each offer, and the three offers before goodbye. */
class MenuTest {
    private static final Route ROUTE = new Route("s", "+34600000001", "+15550100", "+34600000002", "+15550101");

    private static Menu.Step play(Prompt... p) {
        return new Menu.Step.Play(List.of(p));
    }

    @Test
    void insideTheWindow1IsTheOtherPartyAnd2TheOperator() {
        Menu m = new Menu(new MenuOffer(MenuOffer.Kind.RECONTACT, ROUTE, true));
        assertEquals(play(Prompt.MENU_RECONTACT), m.start());
        assertEquals(new Menu.Step.Choose(MenuChoice.OTHER_PARTY), m.key("1"));
        assertEquals(new Menu.Step.Choose(MenuChoice.OPERATOR), m.key("2"));
    }

    @Test
    void anUnavailableParty1BooksACallback() {
        Menu m = new Menu(new MenuOffer(MenuOffer.Kind.UNAVAILABLE, ROUTE, false));
        assertEquals(play(Prompt.MENU_UNAVAILABLE_NO_OPERATOR), m.start());
        assertEquals(new Menu.Step.Choose(MenuChoice.CALLBACK), m.key("1"));
        assertEquals(play(Prompt.INVALID, Prompt.MENU_UNAVAILABLE_NO_OPERATOR), m.key("2"), "no operator, no key 2");
    }

    @Test
    void silenceOrWrongKeysRepeatTheMenuTwiceThenSayGoodbye() {
        Menu m = new Menu(new MenuOffer(MenuOffer.Kind.OPERATOR_ONLY, null, true));
        assertEquals(play(Prompt.MENU_OPERATOR), m.start());
        assertEquals(play(Prompt.MENU_OPERATOR), m.silence());
        assertEquals(play(Prompt.INVALID, Prompt.MENU_OPERATOR), m.key("1"), "1 offers nothing without a session");
        assertEquals(new Menu.Step.Goodbye(), m.key("#"));
        Menu again = new Menu(new MenuOffer(MenuOffer.Kind.OPERATOR_ONLY, null, true));
        again.start();
        again.key("9");
        assertEquals(new Menu.Step.Choose(MenuChoice.OPERATOR), again.key("2"), "a right key on the last offer still counts");
    }

    @Test
    void anOfferHasARouteExactlyWhenItNamesASession() {
        assertThrows(IllegalArgumentException.class, () -> new MenuOffer(MenuOffer.Kind.RECONTACT, null, true));
        assertThrows(IllegalArgumentException.class, () -> new MenuOffer(MenuOffer.Kind.OPERATOR_ONLY, ROUTE, true));
    }
}
