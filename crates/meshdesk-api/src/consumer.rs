//! The consumer side of cross-account shares (see `meshdesk_core::governance::consumer`): made
//! right after provisioning when this mesh holds the consumer account's credentials (the
//! approver's mesh file names it), else when someone who does opens Meshdesk; undone when the
//! access ends. A failure here never takes back the producer's grant: the request stays
//! provisioned, says why its consumer side is pending, and the next start tries again.

use meshdesk_core::governance::consumer;
use meshdesk_core::governance::model::{ResourceLink, ShareRequest};
use meshdesk_core::governance::transition::Transition;
use meshdesk_core::ports::Reach;
use meshdesk_protocol::{ApiError, ConsumerLink};

use crate::error::from_port;
use crate::mesh::{Backend, Meshdesk};

impl<B: Backend> Meshdesk<B> {
    /// Makes a provisioned request's consumer side, or records why it waits. Returns the error
    /// when the attempt failed (waiting for another account's credentials is no failure);
    /// errs only when the outcome cannot be recorded (the request changed meanwhile).
    pub(crate) fn link_consumer(&self, request: &ShareRequest, now: i64) -> Result<Option<String>, ApiError> {
        let links = if request.consumer.links.is_empty() {
            match self.product_context(&request.product_account, &request.product_database) {
                Ok(ctx) => consumer::links_for(request, ctx.tables()),
                // An unpublished product: nothing to link to until it is published again.
                Err(_) => return Ok(None),
            }
        } else {
            request.consumer.links.clone()
        };
        if links.is_empty() {
            return Ok(None);
        }
        let linked = self.backend.link(request, &links);
        // The link's DESCRIBE grant is a grant like any other.
        self.access_changed();
        let (next, failure) = match linked {
            Ok(Reach::NotNeeded) => return Ok(None),
            Ok(Reach::Done) => (consumer::linked(request, links), None),
            Ok(Reach::OutOfReach(why)) => (consumer::pending(request, links, &why), None),
            Err(error) => (consumer::pending(request, links, &error.to_string()), Some(error.to_string())),
        };
        self.record_consumer(request, next, now)?;
        Ok(failure)
    }

    /// Deletes the links (and their DESCRIBE grants) of access that ended, or records why they
    /// are still there.
    pub(crate) fn unlink_consumer(&self, request: &ShareRequest, now: i64) -> Result<Option<String>, ApiError> {
        let links = request.consumer.links.clone();
        if links.is_empty() {
            return Ok(None);
        }
        let still = |why: &str| format!("the links are still to delete: {why}");
        let unlinked = self.backend.unlink(request, &links);
        self.access_changed();
        let (next, failure) = match unlinked {
            Ok(Reach::NotNeeded) => return Ok(None),
            Ok(Reach::Done) => (consumer::unlinked(request), None),
            Ok(Reach::OutOfReach(why)) => (consumer::pending(request, links, &still(&why)), None),
            Err(error) => (consumer::pending(request, links, &still(&error.to_string())), Some(error.to_string())),
        };
        self.record_consumer(request, next, now)?;
        Ok(failure)
    }

    /// Commits a consumer-side outcome, unless it is what the request already says (a retry
    /// that changed nothing adds no audit event).
    fn record_consumer(&self, request: &ShareRequest, next: Transition, now: i64) -> Result<(), ApiError> {
        if next.request.consumer == request.consumer {
            return Ok(());
        }
        self.backend.commit(&next.request, Some(request.version), &next.audit, now).map_err(from_port)?;
        Ok(())
    }

    /// Brings every consumer side in step that can be from here: links still to make for
    /// provisioned requests, links still to delete for ended ones. Run at every start, after
    /// provisioning. Returns (request id, why) for each still failing; one waiting for another
    /// account's credentials is not a failure.
    pub(crate) fn finish_consumer_sides(&self, skip: &[String], now: i64) -> Result<Vec<(String, String)>, ApiError> {
        let mut failed = Vec::new();
        for request in self.backend.requests().map_err(from_port)? {
            if skip.contains(&request.id) {
                continue;
            }
            let outcome = if consumer::needs_link(&request) {
                self.link_consumer(&request, now)
            } else if consumer::needs_unlink(&request) {
                self.unlink_consumer(&request, now)
            } else {
                continue;
            };
            match outcome {
                Ok(None) => {}
                Ok(Some(why)) => failed.push((request.id, format!("consumer side pending: {why}"))),
                Err(error) => failed.push((request.id, error.message)),
            }
        }
        Ok(failed)
    }
}

pub(crate) fn link_view(link: &ResourceLink) -> ConsumerLink {
    ConsumerLink {
        account: link.account.clone(),
        database: link.database.clone(),
        name: link.name.clone(),
        table: link.target_table.clone(),
    }
}
