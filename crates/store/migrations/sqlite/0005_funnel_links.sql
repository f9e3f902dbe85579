-- The funnel follows a need to the meetings about it and the agreements that came of it;
-- both links are projected so the funnel is counted in the database (issue 5).
ALTER TABLE meeting_requests ADD COLUMN opportunity_id BIGINT REFERENCES opportunities (id);
CREATE INDEX meeting_requests_opportunity ON meeting_requests (opportunity_id);
ALTER TABLE agreements ADD COLUMN need_id BIGINT REFERENCES opportunities (id);
CREATE INDEX agreements_need ON agreements (need_id);
