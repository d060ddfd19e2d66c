package org.csirtgateway.intake;

import org.csirtgateway.ticket.Placement;

/** A message on its ticket, ready for the stages after placing. */
record Placed(Prepared message, Placement placement) {
}
