"""responses to needs (expressions of interest), their message threads, notifications, pooled demand, shortlists, need outcomes, co-design, claims and confirmed deployments

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('interests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decline_reason', sa.String(length=40), nullable=True),
    sa.Column('decline_note', sa.Text(), nullable=True),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('status_changed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'shortlisted', 'declined', 'withdrawn')", name=op.f('ck_interests_status')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_interests_created_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_interests_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_interests_solution_id_solutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interests')),
    sa.UniqueConstraint('need_id', 'solution_id', name='uq_interests_need_solution')
    )
    with op.batch_alter_table('interests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interests_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interests_solution_id'), ['solution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interests_status'), ['status'], unique=False)

    op.create_table('codesign_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('clinical_areas', sa.JSON(), nullable=False),
    sa.Column('care_settings', sa.JSON(), nullable=False),
    sa.Column('offerings', sa.JSON(), nullable=False),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_codesign_offers_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codesign_offers'))
    )
    with op.batch_alter_table('codesign_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_codesign_offers_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_codesign_offers_status'), ['status'], unique=False)

    op.create_table('codesign_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=20), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_codesign_requests_created_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['offer_id'], ['codesign_offers.id'], name=op.f('fk_codesign_requests_offer_id_codesign_offers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_codesign_requests_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_codesign_requests_solution_id_solutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codesign_requests'))
    )
    with op.batch_alter_table('codesign_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_codesign_requests_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_codesign_requests_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_codesign_requests_solution_id'), ['solution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_codesign_requests_status'), ['status'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interest_id', sa.Integer(), nullable=True),
    sa.Column('codesign_request_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('author_user_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(interest_id IS NULL) <> (codesign_request_id IS NULL)', name=op.f('ck_messages_one_thread')),
    sa.ForeignKeyConstraint(['author_user_id'], ['users.id'], name=op.f('fk_messages_author_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['codesign_request_id'], ['codesign_requests.id'], name=op.f('fk_messages_codesign_request_id_codesign_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interest_id'], ['interests.id'], name=op.f('fk_messages_interest_id_interests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_messages_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_interest_id'), ['interest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_codesign_request_id'), ['codesign_request_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('interest_id', sa.Integer(), nullable=True),
    sa.Column('codesign_request_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['codesign_request_id'], ['codesign_requests.id'], name=op.f('fk_notifications_codesign_request_id_codesign_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interest_id'], ['interests.id'], name=op.f('fk_notifications_interest_id_interests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_notifications_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_org_unread', ['organisation_id', 'read_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_interest_id'), ['interest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_codesign_request_id'), ['codesign_request_id'], unique=False)

    op.create_table('need_supporters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('sites', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_need_supporters_created_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_supporters_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_need_supporters_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_supporters')),
    sa.UniqueConstraint('need_id', 'organisation_id', name='uq_need_supporters_need_org')
    )
    with op.batch_alter_table('need_supporters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_supporters_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_supporters_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('shortlist_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('added_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_user_id'], ['users.id'], name=op.f('fk_shortlist_entries_added_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_shortlist_entries_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_shortlist_entries_solution_id_solutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shortlist_entries')),
    sa.UniqueConstraint('need_id', 'solution_id', name='uq_shortlist_entries_need_solution')
    )
    with op.batch_alter_table('shortlist_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shortlist_entries_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shortlist_entries_solution_id'), ['solution_id'], unique=False)

    op.create_table('need_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_outcomes_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['users.id'], name=op.f('fk_need_outcomes_recorded_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_need_outcomes_solution_id_solutions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_outcomes')),
    sa.UniqueConstraint('need_id', name=op.f('uq_need_outcomes_need_id'))
    )

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('reference', sa.String(length=500), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('verified_by_user_id', sa.Integer(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('expiry_applied_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_claims_solution_id_solutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verified_by_user_id'], ['users.id'], name=op.f('fk_claims_verified_by_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims')),
    sa.UniqueConstraint('solution_id', 'kind', 'code', name='uq_claims_solution_kind_code')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_expires_on'), ['expires_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_solution_id'), ['solution_id'], unique=False)

    # Deployments recorded before confirmation existed (imports by the platform team, demo data)
    # stay counted as adoption: they start confirmed. New ones start claimed (the model's default).
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmation', sa.String(length=20), nullable=False, server_default='confirmed'))
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_by_user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('outcome_report', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('outcome_reported_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_deployments_confirmed_by_user_id_users'), 'users', ['confirmed_by_user_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.alter_column('confirmation', server_default=None)


def downgrade():
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_deployments_confirmed_by_user_id_users'), type_='foreignkey')
        batch_op.drop_column('outcome_reported_at')
        batch_op.drop_column('outcome_report')
        batch_op.drop_column('confirmed_by_user_id')
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('confirmation')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_solution_id'))
        batch_op.drop_index(batch_op.f('ix_claims_expires_on'))
    op.drop_table('claims')
    op.drop_table('need_outcomes')
    with op.batch_alter_table('shortlist_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shortlist_entries_solution_id'))
        batch_op.drop_index(batch_op.f('ix_shortlist_entries_need_id'))
    op.drop_table('shortlist_entries')
    with op.batch_alter_table('need_supporters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_supporters_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_need_supporters_need_id'))
    op.drop_table('need_supporters')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_codesign_request_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_interest_id'))
        batch_op.drop_index('ix_notifications_org_unread')
    op.drop_table('notifications')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_messages_codesign_request_id'))
        batch_op.drop_index(batch_op.f('ix_messages_interest_id'))
    op.drop_table('messages')
    with op.batch_alter_table('codesign_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_codesign_requests_status'))
        batch_op.drop_index(batch_op.f('ix_codesign_requests_solution_id'))
        batch_op.drop_index(batch_op.f('ix_codesign_requests_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_codesign_requests_offer_id'))
    op.drop_table('codesign_requests')
    with op.batch_alter_table('codesign_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_codesign_offers_status'))
        batch_op.drop_index(batch_op.f('ix_codesign_offers_organisation_id'))
    op.drop_table('codesign_offers')
    with op.batch_alter_table('interests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interests_status'))
        batch_op.drop_index(batch_op.f('ix_interests_solution_id'))
        batch_op.drop_index(batch_op.f('ix_interests_need_id'))
    op.drop_table('interests')
