"""Simulated users: each signs up, then browses, logs out and in, posts
jobs, offers on other users' jobs, accepts offers on its own and rates the
cleaner, through the pages and forms a browser without JavaScript uses.

A refusal the CONTRACT allows (400: the job was taken meanwhile) is part
of the traffic; a 503 or no answer makes the user wait a second and start
its round again, as a person would.
"""

import random
import re
import threading
import time
from dataclasses import dataclass, field

from .browser import Browser, Page, Stopped
from .harness import Recorder, forms_on, now

PASSWORD = "Tidy-harbour-4821!"  # noqa: S105 (the drill's own throwaway users)
JOB_PATH = re.compile(r"^/cleanings/(\d+)$")
ACCEPT_CONFIRM = re.compile(r"^/cleanings/(\d+)/offers/([^/]+)/accept/confirm$")


class Interrupted(Exception):
    """No answer, a server error or an unexpected page: start over."""


@dataclass
class Market:
    """What the users know of each other's jobs, shared between threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    open_jobs: dict[int, str] = field(default_factory=dict)  # id -> owner
    jobs_posted: list[tuple[float, int]] = field(default_factory=list)
    users_made: list[tuple[float, str]] = field(default_factory=list)

    def posted(self, job_id: int, owner: str, moment: float) -> None:
        with self.lock:
            self.open_jobs[job_id] = owner
            self.jobs_posted.append((moment, job_id))

    def taken(self, job_id: int) -> None:
        with self.lock:
            self.open_jobs.pop(job_id, None)

    def pick(self, not_by: str, skip: set[int]) -> int | None:
        with self.lock:
            choices = [j for j, o in self.open_jobs.items() if o != not_by]
        choices = [j for j in choices if j not in skip]
        return random.choice(choices) if choices else None


class User:
    def __init__(self, name: str, browser: Browser, market: Market):
        self.name, self.browser, self.market = name, browser, market
        self.registered = self.logged_in = False
        self.offered: set[int] = set()
        self.own_jobs: set[int] = set()
        self.to_rate: set[int] = set()
        self.round = 0

    def run(self) -> None:
        while True:
            try:
                self.one_round()
            except Stopped:
                return
            except Interrupted:
                time.sleep(1)

    def one_round(self) -> None:
        self.round += 1
        if not self.logged_in:
            self.log_in() if self.registered else self.sign_up()
        self.browse()
        if self.round % 3 == 0:
            self.log_out()
            self.log_in()
        self.post_job()
        self.offer()
        self.accept()
        self.rate()

    # Each step: the form's page, then the form, as a browser would.

    def open(self, path: str, expect: int = 200) -> Page:
        page = self.browser.get(path)
        if page is None or page.status != expect:
            if page is not None and "/auth/login" in page.location:
                self.logged_in = False
            raise Interrupted
        return page

    def send(self, page: Page, action: str, fields: dict, name: str) -> Page:
        form = page.form(action)
        if form is None:
            raise Interrupted
        answer = self.browser.submit(form, fields, name)
        if answer is None or answer.status >= 500:
            raise Interrupted
        return answer

    def sign_up(self) -> None:
        page = self.open("/auth/register")
        fields = {
            "email": f"{self.name}@example.com",
            "username": self.name,
            "password": PASSWORD,
        }
        answer = self.send(page, "/auth/register", fields, "sign up")
        if answer.status == 303:
            self.market.users_made.append((now(), self.name))
            self.registered = self.logged_in = True
        elif answer.status == 400:  # a post the outage cut short had made it
            self.registered = True
        else:
            raise Interrupted

    def log_in(self) -> None:
        page = self.open("/auth/login")
        fields = {"login": self.name, "password": PASSWORD}
        answer = self.send(page, "/auth/login", fields, "log in")
        self.logged_in = answer.status == 303
        if answer.status == 401:  # the sign-up's 400 was not "taken": anew
            self.registered = False
            self.name += "x"
        if not self.logged_in:
            raise Interrupted

    def log_out(self) -> None:
        page = self.open("/")
        self.send(page, "/auth/logout", {}, "log out")
        self.logged_in = False

    def browse(self) -> None:
        listing = self.open(f"/cleanings?page={random.randint(1, 3)}")
        jobs = re.findall(r'href="/cleanings/(\d+)"', listing.html)
        if jobs:
            job = self.open(f"/cleanings/{random.choice(jobs)}")
            for owner in re.findall(r'href="/profiles/([\w-]+)"', job.html)[:1]:
                self.open(f"/profiles/{owner}")
        self.open("/feed")

    def post_job(self) -> None:
        page = self.open("/cleanings/new")
        fields = {
            "name": f"Drill job {self.round} by {self.name}",
            "description": "Kitchen and two bathrooms; supplies are under the sink.",
            "cleaning_type": random.choice(["dust_up", "spot_clean", "full_clean"]),
            "price": f"{random.randint(18, 45)}.{random.randint(0, 99):02d}",
        }
        answer = self.send(page, "/cleanings/new", fields, "post")
        found = JOB_PATH.match(answer.redirect_path)
        if answer.status != 303 or not found:
            raise Interrupted
        job_id = int(found.group(1))
        self.own_jobs.add(job_id)
        self.market.posted(job_id, self.name, now())

    def offer(self) -> None:
        job_id = self.market.pick(not_by=self.name, skip=self.offered)
        if job_id is None:
            return
        page = self.open(f"/cleanings/{job_id}")
        if page.form(f"/cleanings/{job_id}/offers") is None:
            self.market.taken(job_id)  # no form: taken, or already offered
            return
        message = {"message": f"{self.name} can come this week."}
        answer = self.send(page, f"/cleanings/{job_id}/offers", message, "offer")
        if answer.status in (303, 400):  # 400: taken meanwhile
            self.offered.add(job_id)

    def accept(self) -> None:
        # The two most recent jobs: the older ones had their chance.
        for job_id in sorted(self.own_jobs)[-2:]:
            page = self.open(f"/cleanings/{job_id}")
            asks = [
                f.action
                for f in forms_on(page.html, page.path)
                if ACCEPT_CONFIRM.match(f.action) and f.method == "get"
            ]
            if not asks:
                continue
            confirm = self.open(asks[0])
            action = asks[0].removesuffix("/confirm")
            answer = self.send(confirm, action, {}, "accept")
            if answer.status == 303:
                self.own_jobs.discard(job_id)
                self.market.taken(job_id)
                self.to_rate.add(job_id)
            return  # one accept a round

    def rate(self) -> None:
        for job_id in sorted(self.to_rate)[:1]:
            page = self.open(f"/cleanings/{job_id}/evaluation")
            review = {
                "overall_rating": str(random.randint(3, 5)),
                "professionalism": "5",
                "headline": "Careful and on time",
                "comment": "Left the kitchen spotless.",
            }
            path = f"/cleanings/{job_id}/evaluation"
            answer = self.send(page, path, review, "rate")
            if answer.status in (303, 400):  # 400: rated by a cut-short post
                self.to_rate.discard(job_id)


class Crowd:
    """`count` users, each in its own thread, until `stop()`."""

    def __init__(self, port: int, count: int, tag: str, recorder: Recorder):
        self.stop_event = threading.Event()
        self.market = Market()
        self.users = [
            User(f"{tag}_{n}", Browser(port, recorder, self.stop_event), self.market)
            for n in range(count)
        ]
        self.threads = [threading.Thread(target=u.run, daemon=True) for u in self.users]

    def start(self) -> "Crowd":
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=90)
