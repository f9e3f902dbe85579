-- Lists filter through link tables with correlated EXISTS probes while walking the sort index,
-- so a page of 50 stops after 50 matches instead of collecting and sorting every match.
-- Each probe needs (parent, value) together.
DROP INDEX product_codes_product;
DROP INDEX product_countries_product;
DROP INDEX opportunity_codes_opp;
DROP INDEX opportunity_countries_opp;
DROP INDEX memberships_org;
CREATE INDEX product_codes_product ON product_codes (product_id, code);
CREATE INDEX product_countries_product ON product_countries (product_id, country);
CREATE INDEX opportunity_codes_opp ON opportunity_codes (opportunity_id, code);
CREATE INDEX opportunity_countries_opp ON opportunity_countries (opportunity_id, country);
CREATE INDEX memberships_org ON memberships (organisation_id, alliance_id, status);
CREATE INDEX event_organisers_pair ON event_organisers (event_id, organisation_id);
CREATE INDEX agreement_parties_pair ON agreement_parties (agreement_id, organisation_id);
