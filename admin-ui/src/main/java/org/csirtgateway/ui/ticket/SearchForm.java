package org.csirtgateway.ui.ticket;

/** The search filters as the analyst gave them (blank when absent), to fill the search form again. */
public record SearchForm(String status, String category, String channel, String from, String to, String indicator,
                         String sort) {

    public static final SearchForm NONE = new SearchForm("", "", "", "", "", "", "");

    /** Whether any filter (not the order) is set. */
    public boolean any() {
        return !(status + category + channel + from + to + indicator).isEmpty();
    }
}
